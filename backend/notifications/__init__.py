"""In-app notifications: who hears about what happened (services.notify), and the inbox."""
