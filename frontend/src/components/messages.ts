import { defineMessages } from "../lib/i18n";

export const messages = defineMessages({
  en: {
    yes: "Yes",
    no: "No",
    unknown: "Unknown",
    loading: "Loading…",
    close: "Close",
    notAvailable: "Not available on this server yet.",
    retry: "Try again",
  },
  ka: {
    yes: "კი",
    no: "არა",
    unknown: "უცნობია",
    loading: "იტვირთება…",
    close: "დახურვა",
    notAvailable: "ეს სერვერი ჯერ არ იძლევა ამ მონაცემებს.",
    retry: "თავიდან ცდა",
  },
});
