# Shortcuts only: dev.sh is the canonical entry point (make is not on a fresh machine).
.PHONY: run test
run:
	./dev.sh run
test:
	./dev.sh test
