// http-mock: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("http-mock loaded");
}
