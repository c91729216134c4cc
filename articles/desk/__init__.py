"""The editors' desk: review queue, structural fixes, replacements, photos and topics in the admin."""
