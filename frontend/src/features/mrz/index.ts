export { CheckMrzButton } from "./components/MrzDialog";
