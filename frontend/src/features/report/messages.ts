import { defineMessages } from "../../lib/i18n";

export const messages = defineMessages({
  en: {
    download: "Download PDF",
    downloading: "Preparing PDF…",
    downloaded: "PDF downloaded. Verification code: {code}",
    downloadedNoCode: "PDF downloaded.",
    languageHint: "The report is in the language of the interface.",
  },
  ka: {
    download: "PDF-ის ჩამოტვირთვა",
    downloading: "PDF მზადდება…",
    downloaded: "PDF ჩამოიტვირთა. ვერიფიკაციის კოდი: {code}",
    downloadedNoCode: "PDF ჩამოიტვირთა.",
    languageHint: "ანგარიში ინტერფეისის ენაზე იქნება.",
  },
});
