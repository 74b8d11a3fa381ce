export { DecisionActions } from "./components/DecisionActions";
export { useReasonLabel } from "./useReasonLabel";
