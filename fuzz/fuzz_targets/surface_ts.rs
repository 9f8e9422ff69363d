//! libFuzzer entry point: see `accord_fuzz::surface_ts`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| accord_fuzz::surface_ts(data));
