export { BillingSkeleton as default } from "@/components/billing/skeleton";
