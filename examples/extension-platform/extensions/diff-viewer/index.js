// diff-viewer: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("diff-viewer loaded");
}
