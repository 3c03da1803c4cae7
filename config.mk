# Build settings; override on the command line (make CC=clang PREFIX=/opt/sf).
VERSION = 0.1.0
CC      = cc
MUSL_CC = musl-gcc
PREFIX  = /usr/local
BINDIR  = $(PREFIX)/bin
LIBDIR  = $(PREFIX)/lib/sf
INCDIR  = $(PREFIX)/include
MANDIR  = $(PREFIX)/share/man
DATADIR = $(PREFIX)/share/sf
PKGCONFIGDIR = $(PREFIX)/lib/pkgconfig

CFLAGS   = -O2 -g -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -fno-strict-aliasing
LDFLAGS  =
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
