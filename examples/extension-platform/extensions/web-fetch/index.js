// web-fetch: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("web-fetch loaded");
}
