export { FormPageSkeleton as default } from "@/components/organizations/skeletons";
