import 'reflect-metadata';
import { MetadataStorage } from '@mikro-orm/core';

// MikroORM keeps entity metadata in a global store. When jest runs several files in one process
// (`--runInBand`, the benchmarks), metadata left by an earlier file's module realm breaks entity
// discovery in the next one; every file starts from an empty store and registers its own.
MetadataStorage.clear();
