"""The `pi` command line: `pi doctor` vets an extension before it joins the inclusion list
(seed 002 "Adding New Extensions": the extension passes `pi doctor` with a PASS verdict)."""

import argparse


def main(argv=None):
    parser = argparse.ArgumentParser(prog="pi")
    parser.add_argument("-v", "--verbose", action="store_true")
    commands = parser.add_subparsers(dest="command", required=True)

    doctor = commands.add_parser("doctor", help="vet an extension")
    doctor.add_argument("extension")
    doctor.add_argument("--profile", choices=["safe", "balanced", "permissive"])
    doctor.add_argument("--no-color", action="store_true")
    # Replaced by --format json in 0.9.0; shipped deprecated (Python 3.13 warns when used).
    doctor.add_argument("--json-v1", action="store_true", deprecated=True)
    doctor.add_argument("--format", choices=["human", "json"], default="human")
    return parser.parse_args(argv)


if __name__ == "__main__":
    main()
