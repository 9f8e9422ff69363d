-- reason: NOT VALID foreign key: only new rows checked, brief lock
-- expect: none
SET lock_timeout = '2s';
ALTER TABLE comments ADD CONSTRAINT comments_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) NOT VALID;
