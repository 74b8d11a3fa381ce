//! Sanctions and PEP screening (see the screening issue).
