// git-status: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("git-status loaded");
}
