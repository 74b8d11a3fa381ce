import { defineMessages } from "../../lib/i18n";

export const messages = defineMessages({
  en: {
    bannerTitle: "Screening alert",
    "alert.sanction.open": "Possible sanctions match: {name} ({list}, {id}). Not reviewed yet: verifying is blocked until it is reviewed.",
    "alert.pep.open": "Possible PEP match: {name} ({list}, {id}). Not reviewed yet: verifying is blocked until it is reviewed.",
    "alert.sanction.confirmed": "Confirmed sanctions match: {name} ({list}, {id}). The session can only be rejected.",
    "alert.pep.confirmed":
      "Confirmed PEP match: {name} ({list}, {id}). Verifying needs a note and a second approval by an admin (enhanced due diligence).",
    reviewMatches: "Review the matches",
    reasonsTitle: "Why this status",
  },
  ka: {
    bannerTitle: "სკრინინგის გაფრთხილება",
    "alert.sanction.open":
      "შესაძლო სანქციების დამთხვევა: {name} ({list}, {id}). ჯერ არ არის განხილული: დადასტურება დაბლოკილია განხილვამდე.",
    "alert.pep.open": "შესაძლო PEP დამთხვევა: {name} ({list}, {id}). ჯერ არ არის განხილული: დადასტურება დაბლოკილია განხილვამდე.",
    "alert.sanction.confirmed": "დადასტურებული სანქციების დამთხვევა: {name} ({list}, {id}). სესიის მხოლოდ უარყოფაა შესაძლებელი.",
    "alert.pep.confirmed":
      "დადასტურებული PEP დამთხვევა: {name} ({list}, {id}). დადასტურებას სჭირდება შენიშვნა და ადმინისტრატორის მეორე დადასტურება (გაძლიერებული შემოწმება).",
    reviewMatches: "დამთხვევების განხილვა",
    reasonsTitle: "სტატუსის მიზეზები",
  },
});

export type OfficerKey = keyof (typeof messages)["en"];
