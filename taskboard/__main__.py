from taskboard.cli import main

raise SystemExit(main())
