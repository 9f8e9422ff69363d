// agent-planner: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("agent-planner loaded");
}
