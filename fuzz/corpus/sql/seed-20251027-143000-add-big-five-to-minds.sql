-- db/migrations/20251027-143000-add-big-five-to-minds.sql
-- Epic: EPIC-005-voice-fidelity-boost
-- Packs affected: MMOS, InnerLens
-- Pack: SuperAgentes
-- Seed 000's example, as the Database Owner (SuperAgentes) writes it: MMOS's table is
-- changed by the DBA pack, the columns are nullable (SAFE), and there is no
-- BEGIN/COMMIT or INSERT INTO migrations: `accord migrate apply` runs the file in a
-- transaction and records it.

ALTER TABLE minds ADD COLUMN openness INTEGER;
ALTER TABLE minds ADD COLUMN conscientiousness INTEGER;
ALTER TABLE minds ADD COLUMN extraversion INTEGER;
ALTER TABLE minds ADD COLUMN agreeableness INTEGER;
ALTER TABLE minds ADD COLUMN neuroticism INTEGER;
