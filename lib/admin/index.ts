/**
 * The admin's Data Access Layer: catalog editing with an audit trail, and the operator's figures. Every
 * function takes the request context and checks, itself, that the caller is an admin.
 */
export { listProductAudit, listRecentAudit } from './audit';
export { requireAdmin, type AdminActor } from './authorize';
export {
  ADMIN_PAGE_SIZE,
  getAdminOverview,
  getAdminProduct,
  listCategoryOptions,
  searchAdminProducts,
} from './products';
export { createProduct, deleteProduct, StaleProductError, updateProduct } from './writes';
export type * from './types';
