export { useAwaitingCount } from "./api";
export { AssignmentControl } from "./components/AssignmentControl";
export { AwaitingActionPage, RejectionsPage } from "./components/QueuePage";
