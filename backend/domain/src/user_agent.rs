//! User-agent summaries (see the customer-activities issue).
