# SPDX-License-Identifier: GPL-3.0-or-later
# Thin wrapper: every target runs inside the Debian 13 build root (packaging/devroot.sh), which is created on
# first use. On a Debian 13 host with the packages installed, the commands run natively instead.
DEVROOT := packaging/devroot.sh
RUN     := $(DEVROOT) exec --

.PHONY: all setup build test demo bench fuzz package-test shell clean distclean

all: build

setup:
	$(DEVROOT) setup

build:
	$(RUN) packaging/make-build.sh ci

# Every test, then the .deb: built, validated, installed into a clean Debian 13 root and run from /usr/bin.
test:
	$(RUN) packaging/make-test.sh
	packaging/package-test.sh

demo:
	$(RUN) packaging/make-demo.sh

bench:
	$(RUN) packaging/make-bench.sh

fuzz:
	$(RUN) packaging/make-fuzz.sh

package-test:
	packaging/package-test.sh

shell:
	$(DEVROOT) shell

clean:
	rm -rf build build-dev build-release build-fuzz build-package

distclean: clean
	$(DEVROOT) destroy
