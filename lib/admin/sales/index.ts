/** Sales as the admin schedules, cancels and ends them (writes audited in sale_audit), and reads them. */
export { listAdminSales, listSaleProductOptions } from './read';
export type { AdminSale, AdminSaleLine, AdminSaleStatus, SaleProductOption } from './read';
export { cancelSale, createSale, endSale, NO_SUCH_SALE } from './writes';
