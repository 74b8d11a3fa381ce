export { DownloadReportButton } from "./components/DownloadReportButton";
