export { TablePageSkeleton as default } from "@/components/organizations/skeletons";
