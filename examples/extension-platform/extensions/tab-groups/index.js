// tab-groups: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("tab-groups loaded");
}
