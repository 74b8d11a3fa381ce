import { defineMessages } from "../../lib/i18n";

export const messages = defineMessages({
  en: {
    download: "Download PDF",
    notAvailable: "The PDF report is not available on this server yet.",
  },
  ka: {
    download: "PDF-ის ჩამოტვირთვა",
    notAvailable: "PDF ანგარიში ამ სერვერზე ჯერ ხელმისაწვდომი არ არის.",
  },
});
