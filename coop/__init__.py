"""The world the cooperative lives in: territories, organisations, the social cooperative, its
clients and orders, dated policy parameters, and the scopes of cooperative managers and municipal
officers. The bottom domain layer: it imports only accounts."""
