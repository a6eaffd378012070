# First contact: spam held in the agents' spam topic, and the optional check button.

screening-received = Thank you, your message has been received.
screening-check = Welcome! Please press the button below to continue.
screening-check-button = ✅ Continue
screening-passed = Thank you! How can we help you?

desk-spam-topic = 🚫 Spam
desk-spam-held = 🚫 { $name } (id { $id }) was held for the words “{ $word }”:
desk-spam-more = 🚫 { $name } (id { $id }), held, wrote again:
desk-spam-release = ✅ Release
desk-spam-released = ✅ Released by { $name }: now ticket { $id }.
desk-spam-released-short = Released: a ticket is open.
desk-spam-not-held = This user is not held any more; nothing was changed.
desk-reason-released = released from the spam topic by an agent
desk-stats-checks = First-contact check: { $asked } asked · { $passed } passed
