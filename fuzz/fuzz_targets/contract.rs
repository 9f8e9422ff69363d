//! libFuzzer entry point: see `accord_fuzz::contract`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| accord_fuzz::contract(data));
