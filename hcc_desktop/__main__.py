from hcc_desktop.cli import main

raise SystemExit(main())
