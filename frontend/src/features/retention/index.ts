export { RedactedNotice } from "./components/RedactedNotice";
export { RetentionPolicyForm } from "./components/RetentionPolicyForm";
export { messages as retentionMessages } from "./messages";
