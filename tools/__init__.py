"""Scripts the Makefile and the build run; a package so that the tests import them by name."""
