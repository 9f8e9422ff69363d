#[test]
fn every_listener_gets_the_event() {
    let mut listeners = vec![Vec::new(), Vec::new()];
    assert_eq!(pi_runtime::events_emit(&mut listeners, "session.start"), 2);
    assert!(listeners.iter().all(|q| q == &["session.start".to_string()]));
}
