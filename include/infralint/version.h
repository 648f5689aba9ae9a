/* version.h — version numbers and Terraform-style version constraints ("~> 1.6.0", ">= 1.5, < 2").
 * Pure functions, no allocation. */
#ifndef INFRALINT_VERSION_H
#define INFRALINT_VERSION_H

struct semver {
    long major, minor, patch;
    int parts;    /* how many of major.minor.patch were written (1-3) */
    char pre[32]; /* pre-release text after '-', or "" */
};

/* Parse "1.6.3", "v1.6", "1.6.0-beta1"; 0 on success, -1 if not a version. */
int version_parse(const char *s, struct semver *v);
/* Order two versions (pre-releases before their release); <0, 0, >0. */
int version_cmp(const struct semver *a, const struct semver *b);
/* Does version satisfy constraint? 1 yes, 0 no, -1 when either does not parse. A pre-release
 * satisfies only an exact `=` constraint naming it (Terraform's rule). */
int version_satisfies(const char *constraint, const char *version);
/* 1 if a and b have the same major.minor. */
int version_same_minor(const struct semver *a, const struct semver *b);

#endif
