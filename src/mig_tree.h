/* mig_tree.h — migration trees: one directory per version (…/postgres/<N>/NN_name.up.sql, as
 * hashicorp/boundary lays them out) form one sequence, and the files of one version directory
 * ship together (private to the migration loader). */
#ifndef INFRALINT_MIG_TREE_H
#define INFRALINT_MIG_TREE_H

#include "infralint/project.h"

/* Link the version directories of every tree: set->prev (the next lower version of the same
 * parent) and set->release_dir. A parent counts as a tree when it holds at least two sets whose
 * directory names are numbers. */
void mig_tree_link(struct project *p);

#endif
