// snippet-box: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("snippet-box loaded");
}
