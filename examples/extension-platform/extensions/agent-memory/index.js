// agent-memory: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("agent-memory loaded");
}
