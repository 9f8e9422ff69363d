ALTER TABLE mind_fragments DROP CONSTRAINT mind_fragments_mind_fk;
