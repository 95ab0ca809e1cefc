from forbedring.cli import main

main()
