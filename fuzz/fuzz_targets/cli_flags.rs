//! libFuzzer entry point: see `accord_fuzz::cli_flags`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| accord_fuzz::cli_flags(data));
