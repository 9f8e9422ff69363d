// shell-runner: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("shell-runner loaded");
}
