//! ICAO 9303 MRZ engine (see the mrz issue).
