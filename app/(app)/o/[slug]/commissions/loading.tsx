export { DashboardSkeleton as default } from "@/components/organizations/skeletons";
