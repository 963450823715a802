from tiltak.cli import main

main()
