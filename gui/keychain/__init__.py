"""keychain"""
