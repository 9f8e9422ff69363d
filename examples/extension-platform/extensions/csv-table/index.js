// csv-table: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("csv-table loaded");
}
