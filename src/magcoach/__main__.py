from magcoach.cli import main

main()
