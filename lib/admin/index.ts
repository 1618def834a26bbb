/**
 * The admin's Data Access Layer: catalog editing with an audit trail, and the operator's figures. Every
 * function takes the request context and checks, itself, that the caller is an admin.
 */
export { listProductAudit, listRecentAudit } from './audit';
export { getAdminOverview, getAdminProduct, listCategoryOptions, searchAdminProducts } from './products';
export { createProduct, deleteProduct, updateProduct } from './writes';
export { cancelSale, createSale, endSale, listAdminSales, listSaleProductOptions } from './sales';
export type { AdminSale, AdminSaleStatus, SaleProductOption } from './sales';
export type * from './types';
