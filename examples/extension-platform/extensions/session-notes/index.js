// session-notes: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("session-notes loaded");
}
