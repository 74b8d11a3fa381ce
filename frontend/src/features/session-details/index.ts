export { useSession, type SessionDetails } from "./api";
export { PhotoGallery } from "./components/PhotoGallery";
export { SummaryCard } from "./components/SummaryCard";
export { VerificationCard } from "./components/VerificationCard";
export { CustomerActivityCard } from "./components/CustomerActivityCard";
export { ExtraFieldsCard } from "./components/ExtraFieldsCard";
